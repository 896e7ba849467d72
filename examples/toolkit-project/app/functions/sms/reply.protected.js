// Protected: Twilio runs it only for requests signed with the account's auth token (webhooks).
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.MessagingResponse();
  twiml.message(`${context.GREETING}! Call ${context.SUPPORT_NUMBER} for help.`);
  callback(null, twiml);
};
