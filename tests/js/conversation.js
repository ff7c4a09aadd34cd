// Drives the real skill server over HTTP with virtual-alexa, a client we did not write.
// Reads a JSON script on stdin: {"url": ..., "model": ..., "applicationId": ..., "locale": ...,
// "interfaces": {...}, "noAudio": bool, "turns": [{"say": "next"} | {"launch": true} |
// {"end": true} | {"intend": name, "slots": {...}} | {"audio": "nearlyFinished" | "finished"} |
// {"offset": ms} | {"button": requestType}]}. "noAudio" makes a device without AudioPlayer.
// For each turn prints what virtual-alexa sent (request type, intent, slots), what the skill
// answered, and what its audio player is playing, as one JSON array on stdout.
const va = require("virtual-alexa");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const script = JSON.parse(input);
  const alexa = va.VirtualAlexa.Builder()
    .skillURL(script.url)
    .interactionModelFile(script.model)
    .applicationID(script.applicationId)
    .locale(script.locale || "en-US")
    .create();
  let sent = null;
  // The request a turn's words made: a device reports playback stopping first when it hears
  // the wake word, so a playback event is replaced by the spoken request that follows it.
  const isPlayback = (request) => request.request.type.startsWith("AudioPlayer.");
  const isFirstOfTurn = (request) => sent === null || (isPlayback(sent) && !isPlayback(request));
  const player = alexa.audioPlayer();
  alexa.filter((request) => {
    const interfaces = request.context.System.device.supportedInterfaces;
    // virtual-alexa has no APL: declare extra interfaces the way a device would.
    if (script.interfaces) Object.assign(interfaces, script.interfaces);
    if (script.noAudio) {
      delete interfaces.AudioPlayer;
      delete request.context.AudioPlayer;
    }
    if (isFirstOfTurn(request)) sent = request;
  });
  const results = [];
  for (const turn of script.turns) {
    sent = null;
    let response;
    try {
      if (turn.launch) response = await alexa.launch();
      else if (turn.end) response = await alexa.endSession();
      else if (turn.intend) response = await alexa.intend(turn.intend, turn.slots || {});
      else if (turn.audio === "nearlyFinished") response = await player.playbackNearlyFinished();
      else if (turn.audio === "finished") response = await player.playbackFinished();
      else if (turn.offset !== undefined) player.playbackOffset(turn.offset);
      else if (turn.button) response = await alexa.request().requestType(turn.button).send();
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
      user: sent ? sent.context.System.user.userId : null,
      type: request.type || null,
      intent: (request.intent && request.intent.name) || null,
      slots,
      response: (response && response.response) || null,
      playing: player.playing() ? player.playing().stream.token : null,
      activity: ["BUFFER_UNDERRUN", "FINISHED", "IDLE", "PLAYING", "PAUSED", "STOPPED"][
        player.playerActivity()
      ],
    });
  }
  process.stdout.write(JSON.stringify(results));
});
