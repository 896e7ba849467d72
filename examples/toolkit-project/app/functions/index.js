// Served at /index (the toolkit gives index.js no special path).
exports.handler = function (context, event, callback) {
  callback(null, { page: "index", domain: context.DOMAIN_NAME });
};
