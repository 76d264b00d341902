// Compiles the project's own contracts with the pinned npm solc (solcjs) and writes one JSON artifact
// per contract ({contractName, abi, bytecode}) into the chain module's resources.
// Usage (from the repository root): node chain/src/main/solidity/compile.mjs
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const modules = path.join(root, 'npm', 'node_modules');
const require = createRequire(path.join(modules, 'solc', 'package.json'));
const solc = require('solc');
const outDir = process.argv[2] ?? path.join(root, 'chain/src/main/resources/io/consilium/chain/testbed/contracts');

const sources = {};
for (const f of fs.readdirSync(here).filter(n => n.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(here, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const findImports = p => {
  const full = path.join(modules, p);
  return fs.existsSync(full) ? { contents: fs.readFileSync(full, 'utf8') } : { error: 'not found: ' + p };
};
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (out.errors ?? []).filter(e => e.severity === 'error');
if (errors.length) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const f of Object.keys(sources)) {
  for (const [name, c] of Object.entries(out.contracts[f])) {
    const artifact = { contractName: name, compiler: 'solc ' + solc.version(), abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
    fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(artifact, null, 1) + '\n');
    console.log('wrote ' + name);
  }
}
