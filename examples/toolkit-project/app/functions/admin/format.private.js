// Private: never served, only required by other Functions through Runtime.getFunctions().
exports.title = (text) => require("lodash.startcase")(text);
