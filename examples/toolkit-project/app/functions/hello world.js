// Served at /hello-world: the toolkit turns whitespace in a path into dashes.
exports.handler = function (context, event, callback) {
  callback(null, { greeting: context.GREETING });
};
