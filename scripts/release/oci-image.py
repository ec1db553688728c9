#!/usr/bin/env python3
"""Writes jobwait's OCI image archive without a base image or a container engine.

One image per architecture, each of one layer: the static jobwait as the entrypoint, a CA
bundle, Debian's static busybox as /bin/sh with the POSIX utilities that CI `script:` steps use
(GitLab, Tekton and Argo run their scripts with the image's shell), a non-root user, /workspace
as the working directory, and the notices of everything inside. The images sit under one image
index, named VERSION in the archive's index.json, so that `skopeo copy --all
oci-archive:FILE:VERSION docker://...` pushes both and `podman load` takes the host's.

Everything is reproducible: entries sorted, owners numeric, times SOURCE_DATE_EPOCH, gzip
without a name or time.

usage: oci-image.py --version V --out FILE --ca-bundle PEM --epoch SECONDS
                    --image ARCH:JOBWAIT:BUSYBOX:NOTICES_DIR [--image ...]
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile
import time

USER_ID = 65532  # the "nonroot" id distroless images use; no file of the host belongs to it
PLATFORMS = {"x86_64": {"architecture": "amd64"}, "aarch64": {"architecture": "arm64", "variant": "v8"}}

# What the plugins' scripts and a user's `script:` lines reasonably reach for; busybox has more
# applets, but network and system tools have no business in a wait step's image.
APPLETS = """
    [ [[ ash awk basename cat chmod cmp cp cut date dirname du echo env expr false find grep gunzip
    gzip head id kill ln ls mkdir mktemp mv printf ps pwd readlink realpath rm rmdir sed seq sh
    sha256sum sleep sort stat tail tar tee test timeout touch tr true uname uniq wc which whoami
    xargs
""".split()

MEDIA_INDEX = "application/vnd.oci.image.index.v1+json"
MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


class Layer:
    """A deterministic tar of a root file system, built entry by entry."""

    def __init__(self, epoch):
        self.epoch = epoch
        self.entries = {}

    def _info(self, path, kind, mode, owner):
        info = tarfile.TarInfo(path)
        info.type, info.mode, info.mtime = kind, mode, self.epoch
        info.uid = info.gid = owner
        info.uname = info.gname = ""
        return info

    def directory(self, path, mode=0o755, owner=0):
        self.entries[path] = (self._info(path, tarfile.DIRTYPE, mode, owner), None)

    def file(self, path, data, mode=0o644):
        info = self._info(path, tarfile.REGTYPE, mode, 0)
        info.size = len(data)
        self.entries[path] = (info, data)

    def symlink(self, path, target):
        info = self._info(path, tarfile.SYMTYPE, 0o777, 0)
        info.linkname = target
        self.entries[path] = (info, None)

    def tar(self):
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for path in sorted(self.entries):
                info, data = self.entries[path]
                archive.addfile(info, io.BytesIO(data) if data is not None else None)
        return out.getvalue()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def root_file_system(jobwait, busybox, notices, ca_bundle, epoch):
    layer = Layer(epoch)
    for path in ["bin", "etc", "etc/ssl", "etc/ssl/certs", "home", "usr", "usr/local",
                 "usr/local/bin", "usr/share", "usr/share/licenses"]:
        layer.directory(path)
    layer.directory("tmp", 0o1777)
    layer.directory("home/jobwait", 0o755, USER_ID)
    layer.directory("workspace", 0o755, USER_ID)
    layer.file("usr/local/bin/jobwait", read(jobwait), 0o755)
    layer.file("bin/busybox", read(busybox), 0o755)
    for applet in APPLETS:
        layer.symlink("bin/" + applet, "busybox")
    layer.file("etc/ssl/certs/ca-certificates.crt", read(ca_bundle))
    layer.file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"
                             b"jobwait:x:%d:%d:jobwait:/home/jobwait:/bin/sh\n" % (USER_ID, USER_ID))
    layer.file("etc/group", b"root:x:0:\njobwait:x:%d:\n" % USER_ID)
    layer.directory("usr/share/licenses/jobwait")
    for name in sorted(os.listdir(notices)):
        layer.file("usr/share/licenses/jobwait/" + name, read(os.path.join(notices, name)))
    return layer.tar()


class Blobs:
    """The archive's blobs/sha256 store: content in, descriptor out."""

    def __init__(self):
        self.blobs = {}

    def add(self, media_type, data, **extra):
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return {"mediaType": media_type, "digest": digest, "size": len(data), **extra}


def canonical(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def image(blobs, arch, tar, version, epoch):
    compressed = gzip.compress(tar, compresslevel=9, mtime=0)
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    platform = PLATFORMS[arch]
    config = {
        **platform,
        "os": "linux",
        "created": created,
        "config": {
            "User": "%d:%d" % (USER_ID, USER_ID),
            "Entrypoint": ["/usr/local/bin/jobwait"],
            "WorkingDir": "/workspace",
            "Env": ["PATH=/usr/local/bin:/bin", "HOME=/home/jobwait",
                    "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"],
            "Labels": {"org.opencontainers.image.title": "jobwait",
                       "org.opencontainers.image.version": version},
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar).hexdigest()]},
        "history": [{"created": created, "created_by": "scripts/release/oci-image.py"}],
    }
    manifest = {
        "schemaVersion": 2,
        "mediaType": MEDIA_MANIFEST,
        "config": blobs.add(MEDIA_CONFIG, canonical(config)),
        "layers": [blobs.add(MEDIA_LAYER, compressed)],
    }
    return blobs.add(MEDIA_MANIFEST, canonical(manifest), platform={**platform, "os": "linux"})


def write_archive(path, blobs, index, epoch):
    layer = Layer(epoch)
    layer.directory("blobs")
    layer.directory("blobs/sha256")
    for digest, data in blobs.blobs.items():
        layer.file("blobs/sha256/" + digest.split(":", 1)[1], data)
    layer.file("oci-layout", canonical({"imageLayoutVersion": "1.0.0"}))
    layer.file("index.json", canonical(index))
    temporary = path + ".partial"
    with open(temporary, "wb") as f:
        f.write(layer.tar())
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ca-bundle", required=True)
    parser.add_argument("--epoch", type=int, required=True)
    parser.add_argument("--image", action="append", required=True,
                        help="ARCH:JOBWAIT:BUSYBOX:NOTICES_DIR, once per architecture")
    args = parser.parse_args()

    blobs = Blobs()
    manifests = []
    for spec in args.image:
        arch, jobwait, busybox, notices = spec.split(":")
        if arch not in PLATFORMS:
            parser.error("unknown architecture " + arch)
        tar = root_file_system(jobwait, busybox, notices, args.ca_bundle, args.epoch)
        manifests.append(image(blobs, arch, tar, args.version, args.epoch))
    inner = {"schemaVersion": 2, "mediaType": MEDIA_INDEX, "manifests": manifests}
    ref = {"org.opencontainers.image.ref.name": args.version}
    index = {"schemaVersion": 2, "mediaType": MEDIA_INDEX,
             "manifests": [blobs.add(MEDIA_INDEX, canonical(inner), annotations=ref)]}
    write_archive(args.out, blobs, index, args.epoch)


if __name__ == "__main__":
    main()
