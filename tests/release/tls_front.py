#!/usr/bin/env python3
"""A TLS front end for jobwait-sim: accepts TLS on 127.0.0.1 (a free port, printed on stdout)
with the given certificate and passes each connection's bytes to the simulator's plain port,
so that a test can wait on the simulator over HTTPS with a CA of its own.

usage: tls_front.py CERT KEY SIM_PORT
"""
import socket
import ssl
import sys
import threading


def pipe(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, context, sim_port):
    try:
        secure = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()  # a client that refused our certificate: what some tests want
        return
    upstream = socket.create_connection(("127.0.0.1", sim_port))
    threading.Thread(target=pipe, args=(upstream, secure), daemon=True).start()
    pipe(secure, upstream)


def main():
    cert, key, sim_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, context, sim_port), daemon=True).start()


if __name__ == "__main__":
    main()
