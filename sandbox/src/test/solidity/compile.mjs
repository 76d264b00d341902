// Compiles the adversarial test contracts with the pinned npm solc (solcjs).
// Usage: node compile.mjs <repo root> <out dir>  — writes <Name>.json ({abi, bytecode}) per contract.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [root, outDir] = process.argv.slice(2);
const solc = createRequire(path.join(root, 'npm', 'node_modules', 'solc', 'package.json'))('solc');
const sources = {};
for (const f of fs.readdirSync(here).filter(n => n.endsWith('.sol'))) {
  sources[f] = { content: fs.readFileSync(path.join(here, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun',
              outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors ?? []).filter(e => e.severity === 'error');
if (errors.length) {
  errors.forEach(e => console.error(e.formattedMessage));
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(out.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    fs.writeFileSync(path.join(outDir, name + '.json'),
      JSON.stringify({ contractName: name, compiler: 'solc ' + solc.version(), abi: c.abi, bytecode: '0x' + c.evm.bytecode.object }));
  }
}
