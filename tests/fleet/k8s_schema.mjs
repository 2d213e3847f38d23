// Validates Kubernetes manifests against the API's OpenAPI schemas as
// packaged by the npm module kubernetes-models (required fields, types,
// enums, formats).  Unknown fields are not rejected by these schemas; the
// fields that matter are checked by k8s_lint.py.  Prints "valid FILE KIND
// NAME" or "invalid FILE KIND NAME: why"; exit 1 when any is invalid.
//
// usage: NODE_PATH=... node k8s_schema.mjs FILE...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// ESM ignores NODE_PATH: resolve the modules from the test cache explicitly.
const modules = process.env.NODE_PATH;
const require = createRequire(join(modules, 'noop.js'));
const load = async (spec) => import(require.resolve(spec));
const { parseAllDocuments } = await load('yaml');

const MODELS = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
};

let bad = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) {
      console.log(`invalid ${file}: YAML ${doc.errors[0].message}`);
      bad++;
      continue;
    }
    const obj = doc.toJS();
    if (!obj) continue;
    const key = `${obj.apiVersion}/${obj.kind}`;
    const name = obj.metadata?.name;
    const spec = MODELS[key];
    if (!spec) {
      console.log(`invalid ${file} ${key} ${name}: no schema known for this kind`);
      bad++;
      continue;
    }
    const mod = await import(join(modules, spec + '.js'));
    try {
      new mod[obj.kind](obj).validate();
      console.log(`valid ${file} ${obj.kind} ${name}`);
    } catch (e) {
      console.log(`invalid ${file} ${obj.kind} ${name}: ${e.message.split('\n')[0]}`);
      bad++;
    }
  }
}
process.exitCode = bad ? 1 : 0;
