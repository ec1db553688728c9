#!/usr/bin/env python3
"""A forward proxy that refuses everyone: 407 Proxy Authentication Required, whose body echoes
the Proxy-Authorization it was sent (and what it decodes to), as a misconfigured proxy or a
debug page does. The e2e tests point http_proxy at it, with credentials, and check that none
of them reaches any output. Serves 127.0.0.1 only, on a port the system picks, which it prints
alone on its first line of stdout; runs until it is killed.

usage: echo_proxy.py
"""
import base64
import http.server
import sys


class Refuse(http.server.BaseHTTPRequestHandler):
    def refuse(self):
        sent = self.headers.get("Proxy-Authorization", "")
        decoded = ""
        if sent.startswith("Basic "):
            try:
                decoded = base64.b64decode(sent[6:]).decode("utf-8", "replace")
            except ValueError:
                decoded = "(not base64)"
        body = f"proxy refused: Proxy-Authorization: {sent} decoded {decoded}\n".encode()
        self.send_response(407)
        self.send_header("Proxy-Authenticate", 'Basic realm="e2e-proxy"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_CONNECT = refuse

    def log_message(self, *args):
        pass  # stderr stays for real problems


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
print(server.server_address[1], flush=True)
server.serve_forever()
