// Asks taplo's language server (npm @taplo/lsp, the one Even Better TOML runs) what an editor
// shows when the pointer rests on a key: prints one JSON line per LINE:CHARACTER (0-based) given,
// {"at": "LINE:CHARACTER", "hover": "the text, or null"}.
// usage: node taplo_hover.mjs NODE_MODULES FILE.toml LINE:CHARACTER...
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [modules, file, ...positions] = process.argv.slice(2);
const { TaploLsp } = createRequire(path.resolve(modules) + "/")("@taplo/lsp");
const uri = "file://" + path.resolve(file);
const pending = new Map();
const lsp = await TaploLsp.initialize(
  {
    now: () => new Date(),
    envVar: (name) => process.env[name],
    envVars: () => Object.entries(process.env),
    stdErrAtty: () => false,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    glob: () => [],
    readFile: (p) => fs.promises.readFile(p),
    writeFile: (p, bytes) => fs.promises.writeFile(p, bytes),
    urlToFilePath: (url) => decodeURIComponent(url.slice("file://".length)),
    isAbsolute: (p) => path.isAbsolute(p),
    cwd: () => process.cwd(),
    findConfigFile: () => undefined,
  },
  {
    onMessage(message) {
      if (message.method === undefined && pending.has(message.id)) {
        pending.get(message.id)(message);
        pending.delete(message.id);
      } else if (message.method !== undefined && message.id !== undefined) {
        // The server asks for its settings: the defaults, and no schema catalog from the network.
        const settings = { schema: { enabled: true, catalogs: [], associations: {} } };
        const items = message.params?.items ?? [];
        const result = message.method === "workspace/configuration" ? items.map(() => settings) : null;
        lsp.send({ jsonrpc: "2.0", id: message.id, result });
      }
    },
  },
);
let next = 1;
const call = (method, params) =>
  new Promise((resolve) => {
    const id = next++;
    pending.set(id, resolve);
    lsp.send({ jsonrpc: "2.0", id, method, params });
  });
const root = "file://" + path.dirname(path.resolve(file));
await call("initialize", { processId: null, rootUri: root, capabilities: {}, workspaceFolders: [{ uri: root, name: "w" }] });
lsp.send({ jsonrpc: "2.0", method: "initialized", params: {} });
const text = fs.readFileSync(file, "utf8");
lsp.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "toml", version: 1, text } } });
for (const at of positions) {
  const [line, character] = at.split(":").map(Number);
  const answer = await call("textDocument/hover", { textDocument: { uri }, position: { line, character } });
  process.stdout.write(JSON.stringify({ at, hover: answer.result?.contents?.value ?? null }) + "\n");
}
process.exit(0);
