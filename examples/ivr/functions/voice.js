/**
 * The call webhook: answers an incoming call with the menu. The caller hears the protected MP3
 * (Twilio fetches it with a signed request, as it signs this webhook) while a <Gather> waits for
 * one key, which Twilio then posts to /menu. Without a key press the call comes back here once
 * (`?retry=1`), and the second time ends politely.
 */
exports.handler = (context, event, callback) => {
  const twiml = new Twilio.twiml.VoiceResponse();
  if (event.retry) {
    twiml.say("We did not get your choice. Goodbye.");
    twiml.hangup();
    return callback(null, twiml);
  }
  const gather = twiml.gather({ numDigits: 1, action: "/menu", method: "POST", timeout: 5 });
  gather.play(`https://${context.DOMAIN_NAME}/audio/menu.mp3`);
  twiml.redirect({ method: "POST" }, "/voice?retry=1");
  return callback(null, twiml);
};
