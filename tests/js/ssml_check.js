// Reads a JSON array of SSML strings on stdin; prints a JSON array with, for each one,
// null when Alexa's rules accept it or the list of problems ssml-check-core found.
const ssmlCheck = require("ssml-check-core");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const results = [];
  for (const ssml of JSON.parse(input)) {
    results.push((await ssmlCheck.check(ssml, { platform: "amazon" })) || null);
  }
  process.stdout.write(JSON.stringify(results));
});
