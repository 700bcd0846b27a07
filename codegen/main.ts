/**
 * `npm run generate`: compiles the XSDs in ../shared/schemas into TypeScript under codecs/exi/generated/.
 * The output is committed; a test regenerates it in memory and fails when it differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemasDir = process.argv[2] ?? join(projectRoot, '..', 'shared', 'schemas');
const outDir = join(projectRoot, 'codecs', 'exi', 'generated');

mkdirSync(outDir, { recursive: true });
const files = generate(schemasDir);
for (const [name, text] of files) writeFileSync(join(outDir, name), text);
console.log(`generated ${files.size} files in ${outDir}`);
