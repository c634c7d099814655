// The bundle loads with a stand-in `vscode` module and exports what VS Code calls.
const Module = require("module");
const path = require("path");
// Any name asked of the stand-in is a class with the same property.
function standIn() {
  return new Proxy(class {}, {
    get(target, prop) {
      if (typeof prop === "symbol" || prop === "prototype") return target[prop];
      if (!Object.prototype.hasOwnProperty.call(target, prop)) target[prop] = standIn();
      return target[prop];
    },
  });
}
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") {
    return standIn();
  }
  return load.call(this, request, ...rest);
};
const ext = require(path.join(__dirname, "..", "dist", "extension.js"));
for (const name of ["activate", "deactivate"]) {
  if (typeof ext[name] !== "function") {
    console.error(`dist/extension.js exporterar inte ${name}`);
    process.exit(1);
  }
}
console.log("dist/extension.js: activate och deactivate finns");
