/**
 * `npm run bundle:offline`: one archive that installs and starts the service
 * on a machine of the same OS and CPU architecture with no registry access:
 *
 *   fazhi-wenda-<version>-<os>-<arch>/
 *     dist/           the compiled service and the prebuilt widget and console (npm run build)
 *     node_modules/   production dependencies only, native modules already built here
 *     node/bin/node   this Node binary, so the target needs no Node install (--no-node leaves it out)
 *     models/ corpus/ the embedding model and the reports
 *     start.sh        starts it from its own folder; configuration as for npm start
 *
 * Written to artifacts/offline/<name>.tar.gz. Run it on the target's OS and
 * architecture (an ARM64 archive on an ARM64 machine): the native parts are
 * whatever `npm install` built or fetched here. Options: --skip-build (use
 * dist/ as it is), --no-node, --no-corpus, --out <dir>.
 */
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../', import.meta.url));

const { values: args } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    'no-node': { type: 'boolean', default: false },
    'no-corpus': { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'artifacts', 'offline') },
  },
});

const PackageSchema = z.object({ name: z.string(), version: z.string() });

const START_SH = `#!/bin/sh
# Starts 法治问答 from this folder with no network access needed. Configuration is the
# environment, exactly as for \`npm start\` (HOST, PORT, ADMIN_TOKEN, CORPUS_DIR, …; see README).
# Relative paths (the default corpus, models/, .index/, .data/) are inside this folder.
cd "$(dirname "$0")" || exit 1
NODE=./node/bin/node
[ -x "$NODE" ] || NODE=node
exec "$NODE" dist/adapters/node/server.js "$@"
`;

function run(command: string, argv: string[], cwd = root): string {
  return execFileSync(command, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
}

/** Where each production package is installed (npm's own answer, so nested and deduplicated ones are right). */
function productionPackages(): string[] {
  const listed = run('npm', ['ls', '--omit=dev', '--all', '--parseable']).split('\n').map((line) => line.trim()).filter(Boolean);
  return listed.filter((path) => path !== root.replace(/\/$/, '') && path.includes(`${sep}node_modules${sep}`));
}

/** Native binaries for other systems: onnxruntime-node ships every OS and CPU in one package. */
async function dropOtherPlatforms(modules: string): Promise<void> {
  const onnxBin = join(modules, 'onnxruntime-node', 'bin');
  for (const napi of await readdir(onnxBin).catch(() => [])) {
    for (const os of await readdir(join(onnxBin, napi))) {
      if (os !== process.platform) {
        await rm(join(onnxBin, napi, os), { recursive: true, force: true });
        continue;
      }
      for (const arch of await readdir(join(onnxBin, napi, os))) {
        if (arch !== process.arch) await rm(join(onnxBin, napi, os, arch), { recursive: true, force: true });
      }
    }
  }
  // node-gyp's intermediate objects; the module is build/Release/addon.node
  await rm(join(modules, 'hnswlib-node', 'build', 'Release', 'obj.target'), { recursive: true, force: true });
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

const t0 = performance.now();
const pkg = PackageSchema.parse(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
const name = `${pkg.name}-${pkg.version}-${process.platform}-${process.arch}`;

if (!args['skip-build']) run('npm', ['run', '--silent', 'build']);
for (const required of ['dist/adapters/node/server.js', 'dist/assets/widget.js', 'dist/assets/admin-console.js']) {
  await stat(join(root, required)).catch(() => {
    throw new Error(`${required} is missing: run npm run build first`);
  });
}

const staging = await mkdtemp(join(tmpdir(), 'fazhi-offline-'));
const target = join(staging, name);
try {
  await mkdir(target);
  const copy = (from: string, filter?: (source: string) => boolean) =>
    cp(join(root, from), join(target, from), { recursive: true, verbatimSymlinks: true, ...(filter ? { filter } : {}) });
  await copy('dist', (source) => !source.includes(`${sep}dist${sep}worker`));
  await copy('models');
  if (!args['no-corpus']) await copy('corpus');
  for (const file of ['package.json', 'package-lock.json', 'README.md']) await copy(file);

  const modules = join(target, 'node_modules');
  for (const source of productionPackages()) {
    const rel = relative(root, source);
    // nested node_modules are listed (and copied) on their own when they are production packages
    await cp(source, join(target, rel), { recursive: true, verbatimSymlinks: true, filter: (path) => path === source || !relative(source, path).startsWith(`node_modules`) });
  }
  await dropOtherPlatforms(modules);

  if (!args['no-node']) {
    await mkdir(join(target, 'node', 'bin'), { recursive: true });
    await cp(process.execPath, join(target, 'node', 'bin', 'node'));
  }
  await writeFile(join(target, 'start.sh'), START_SH);
  await chmod(join(target, 'start.sh'), 0o755);

  await mkdir(args.out, { recursive: true });
  const archive = join(args.out, `${name}.tar.gz`);
  run('tar', ['-C', staging, '-czf', archive, basename(target)]);
  const unpacked = Number(run('du', ['-sb', target]).split('\t')[0]);
  process.stdout.write(
    `${archive}\n  archive ${(await sizeOf(archive) / 1e6).toFixed(0)} MB, unpacked ${(unpacked / 1e6).toFixed(0)} MB, made in ${((performance.now() - t0) / 1000).toFixed(0)} s\n` +
      `  install: tar -xzf ${basename(archive)} && ${name}/start.sh   (Node ${process.version}, ${process.platform}-${process.arch})\n`,
  );
} finally {
  await rm(staging, { recursive: true, force: true });
}
