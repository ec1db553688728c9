#!/usr/bin/env python3
"""The OCI image archive, read as a registry client reads it: the layout file, index.json
naming VERSION, the image index with linux/amd64 and linux/arm64, each manifest, config and
layer by digest and size, the layer's diff_id; the config's user, entrypoint and working
directory. Then the amd64 layer unpacked into a directory and run there with chroot as the
configured user: the entrypoint, and /bin/sh (busybox) writing to /workspace. The arm64
entrypoint runs under qemu-aarch64-static. Last, skopeo (Debian's) copies the archive, so the
format is what real tools accept.

usage: check_oci.py DIST VERSION
"""
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

dist, version = sys.argv[1], sys.argv[2]
archive_path = os.path.join(dist, f"jobwait-{version}-oci.tar")
passed = failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED:", what, file=sys.stderr)
    return condition


archive = tarfile.open(archive_path)
names = set(archive.getnames())


def blob(descriptor):
    digest = descriptor["digest"]
    data = archive.extractfile("blobs/sha256/" + digest.split(":", 1)[1]).read()
    check(hashlib.sha256(data).hexdigest() == digest.split(":", 1)[1] and len(data) == descriptor["size"],
          f"blob {digest[:19]}… has its digest and size ({descriptor['mediaType']})")
    return data


check(json.loads(archive.extractfile("oci-layout").read()) == {"imageLayoutVersion": "1.0.0"}, "oci-layout 1.0.0")
index = json.loads(archive.extractfile("index.json").read())
check(index["schemaVersion"] == 2 and len(index["manifests"]) == 1, "index.json has one entry")
top = index["manifests"][0]
check(top["annotations"].get("org.opencontainers.image.ref.name") == version, f"index.json names it {version}")
check(top["mediaType"] == "application/vnd.oci.image.index.v1+json", "the entry is an image index")
inner = json.loads(blob(top))
platforms = {m["platform"]["architecture"]: m for m in inner["manifests"]}
check(set(platforms) == {"amd64", "arm64"}, f"images for amd64 and arm64 (got {sorted(platforms)})")
check(all(m["platform"]["os"] == "linux" for m in inner["manifests"]), "every image is linux")

rootfs_of = {}
scratch = tempfile.mkdtemp()
try:
    for arch, descriptor in sorted(platforms.items()):
        manifest = json.loads(blob(descriptor))
        check(manifest["mediaType"] == "application/vnd.oci.image.manifest.v1+json", f"{arch}: an image manifest")
        config = json.loads(blob(manifest["config"]))
        check(config["architecture"] == arch and config["os"] == "linux", f"{arch}: config says {arch}/linux")
        settings = config["config"]
        check(settings["Entrypoint"] == ["/usr/local/bin/jobwait"], f"{arch}: entrypoint jobwait")
        check(settings["WorkingDir"] == "/workspace", f"{arch}: working directory /workspace")
        user = settings["User"]
        check(user.split(":")[0] not in ("", "0", "root"), f"{arch}: runs as a non-root user ({user})")
        check(len(manifest["layers"]) == len(config["rootfs"]["diff_ids"]), f"{arch}: a diff_id per layer")
        root = os.path.join(scratch, arch)
        os.mkdir(root)
        for layer, diff_id in zip(manifest["layers"], config["rootfs"]["diff_ids"]):
            plain = gzip.decompress(blob(layer))
            check("sha256:" + hashlib.sha256(plain).hexdigest() == diff_id, f"{arch}: the layer's diff_id")
            with tarfile.open(fileobj=__import__("io").BytesIO(plain)) as layer_tar:
                layer_tar.extractall(root, numeric_owner=True)
        for path in ["usr/local/bin/jobwait", "bin/sh", "bin/busybox", "etc/ssl/certs/ca-certificates.crt",
                     "etc/passwd", "usr/share/licenses/jobwait/NOTICES",
                     "usr/share/licenses/jobwait/busybox-static.copyright"]:
            check(os.path.lexists(os.path.join(root, path)), f"{arch}: the image has /{path}")
        uid = int(user.split(":")[0])
        check(os.stat(os.path.join(root, "workspace")).st_uid == uid, f"{arch}: /workspace belongs to {uid}")
        rootfs_of[arch] = (root, user, settings)

    root, user, settings = rootfs_of["amd64"]
    env = ["env", "-i"] + settings["Env"]
    run = subprocess.run(env + ["/usr/sbin/chroot", f"--userspec={user}", root, "/bin/sh", "-c",
                                f"cd {settings['WorkingDir']} && {settings['Entrypoint'][0]} --version"],
                         capture_output=True, text=True)
    check(run.returncode == 0 and run.stdout.strip() == f"jobwait {version}",
          f"amd64: the entrypoint runs as {user} in {settings['WorkingDir']} ({run.stdout.strip() or run.stderr.strip()})")
    run = subprocess.run(env + ["/usr/sbin/chroot", f"--userspec={user}", root, "/bin/sh", "-c",
                                "cd /workspace && echo probe > result.txt && cat result.txt && id -u"],
                         capture_output=True, text=True)
    check(run.returncode == 0 and run.stdout.split() == ["probe", user.split(":")[0]],
          f"amd64: /bin/sh writes to /workspace as the user ({run.stdout.strip() or run.stderr.strip()})")
    run = subprocess.run(env + ["/usr/sbin/chroot", f"--userspec={user}", root, "jobwait", "providers"],
                         capture_output=True, text=True)
    check(run.returncode == 0 and "cce:" in run.stdout, "amd64: jobwait is on the image's PATH")

    arm_root = rootfs_of["arm64"][0]
    run = subprocess.run(["qemu-aarch64-static", os.path.join(arm_root, "usr/local/bin/jobwait"), "--version"],
                         capture_output=True, text=True)
    check(run.stdout.strip() == f"jobwait {version}", "arm64: the entrypoint runs under qemu")
    run = subprocess.run(["qemu-aarch64-static", os.path.join(arm_root, "bin/busybox"), "sh", "-c", "echo ok"],
                         capture_output=True, text=True)
    check(run.stdout.strip() == "ok", "arm64: the image's busybox is an aarch64 shell")

    # The real consumer: skopeo reads the archive by its name and copies both images.
    if shutil.which("skopeo"):
        reference = f"oci-archive:{archive_path}:{version}"
        run = subprocess.run(["skopeo", "inspect", "--raw", reference], capture_output=True, text=True)
        check(run.returncode == 0 and json.loads(run.stdout or "{}").get("manifests"),
              f"skopeo inspect --raw {os.path.basename(archive_path)}:{version} ({run.stderr.strip()[:200]})")
        copy = os.path.join(scratch, "copy")
        run = subprocess.run(["skopeo", "copy", "--all", "--quiet", reference, f"oci:{copy}:{version}"],
                             capture_output=True, text=True)
        check(run.returncode == 0, f"skopeo copy --all to an OCI layout ({run.stderr.strip()[:200]})")
        for arch in ("amd64", "arm64"):
            run = subprocess.run(["skopeo", "--override-arch", arch, "inspect", "--config", reference],
                                 capture_output=True, text=True)
            check(run.returncode == 0 and json.loads(run.stdout or "{}").get("architecture") == arch,
                  f"skopeo picks the {arch} image by platform ({run.stderr.strip()[:200]})")
    else:
        check(False, "skopeo is installed (scripts/release/install-deps.sh)")
finally:
    shutil.rmtree(scratch)

print(f"check_oci: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
