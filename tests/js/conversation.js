// Drives the real skill server over HTTP with virtual-alexa, a client we did not write.
// Reads a JSON script on stdin: {"url": ..., "model": ..., "applicationId": ..., "turns":
// [{"say": "next"} | {"launch": true} | {"end": true}]}. For each turn prints what virtual-alexa
// sent (request type, intent, slots) and what the skill answered, as one JSON array on stdout.
const va = require("virtual-alexa");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const script = JSON.parse(input);
  const alexa = va.VirtualAlexa.Builder()
    .skillURL(script.url)
    .interactionModelFile(script.model)
    .applicationID(script.applicationId)
    .locale("en-US")
    .create();
  let sent = null;
  alexa.filter((request) => {
    sent = request;
  });
  const results = [];
  for (const turn of script.turns) {
    sent = null;
    let response;
    try {
      if (turn.launch) response = await alexa.launch();
      else if (turn.end) response = await alexa.endSession();
      else if (turn.intend) response = await alexa.intend(turn.intend, turn.slots || {});
      else response = await alexa.utter(turn.say);
    } catch (error) {
      results.push({ turn, error: String(error) });
      continue;
    }
    const request = (sent && sent.request) || {};
    const slots = {};
    for (const [name, slot] of Object.entries((request.intent && request.intent.slots) || {})) {
      slots[name] = slot.value || null;
    }
    results.push({
      turn,
      type: request.type || null,
      intent: (request.intent && request.intent.name) || null,
      slots,
      response: (response && response.response) || null,
    });
  }
  process.stdout.write(JSON.stringify(results));
});
