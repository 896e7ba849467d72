/**
 * A public Function next to the site's files: it reads the private `/config/settings.json`
 * (which no browser can fetch) through `Runtime.getAssets()` and answers with JSON.
 */
exports.handler = (context, event, callback) => {
  const settings = JSON.parse(Runtime.getAssets()["/config/settings.json"].open());
  const name = event.name || "sailor";
  callback(null, { greeting: `${settings.greeting}, ${name}!`, from: `a Twilio Function on ${context.DOMAIN_NAME}` });
};
