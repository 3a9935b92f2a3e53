// Nothing to export: this package exists only for the "pulumi" block in its package.json, which
// `pulumi up` reads from node_modules to install the Talos provider plugin before the program runs.
module.exports = {};
