// Runs after `npm install`: says which Node the project's scripts will use (the `node` dev dependency puts Node 24 first on PATH).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.warn(`[resnet-lab] npm scripts are running on Node ${process.version}; expected Node 24 from the "node" dev dependency.`);
  console.warn('[resnet-lab] Run `npm install` again (it installs node_modules/.bin/node) before `npm start` or `npm test`.');
} else {
  console.log(`[resnet-lab] npm scripts use Node ${process.version}.`);
}
