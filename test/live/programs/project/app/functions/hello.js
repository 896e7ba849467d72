// Served at /hello: the GREETING Variable, read at each execution.
exports.handler = function (context, event, callback) {
  callback(null, { greeting: context.GREETING });
};
