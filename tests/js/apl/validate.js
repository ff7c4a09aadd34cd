#!/usr/bin/env node
/*
 * validate.js — static APL check with Amazon's apl-suggester (StaticAplTemplateValidator).
 *
 * Usage:  node validate.js <file.json>
 *   <file.json> is either a RenderDocument payload {"document": {...}, "datasources": {...}}
 *   or a bare APL document ({"type": "APL", ...}).
 *
 * Prints one JSON object on stdout:
 *   {"file": ..., "errors": [...], "warnings": [...], "suggesterVersion": "..."}
 * Every finding is {source, path, message, level[, code, placeholders]}; "source" says which check
 * reported it:
 *   schema      - the whole-document JSON schema check inside validate()
 *   component   - per-component schema/structure checks inside validate()
 *   command     - command schema checks (validate() skips these when the schema check fails,
 *                 so we run them ourselves in that case)
 *   graphic     - AVG graphic checks (same story as commands)
 *   datasources - validateDataSources() on the payload's datasources
 *   controller  - things apl-suggester reports only through its ErrorController singleton
 *                 (unknown component type, item+items, unreachable import package, ...)
 *   harness     - the file could not be read/parsed
 * Findings at level ERROR go to "errors", everything else (apl-suggester reports most schema
 * problems as WARNING) to "warnings". Exit code is always 0: the caller decides what fails.
 *
 * Offline note: a document with an "import" list makes apl-suggester try to download the packages
 * (axios, arl.assets.apl-alexa.com); offline that fails and is reported as controller code -1200.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const suggester = require('apl-suggester');

const { StaticAplTemplateValidator, ErrorController, ErrorDefinitions } = suggester;

// Human-readable text for the ErrorController codes (apl-suggester only ships codes + placeholders).
const CONTROLLER_MESSAGES = {
  '-1050': 'component builder: no template',
  '-1051': 'a component has both "item" and "items"',
  '-1052': 'a component has no "type"',
  '-1100': 'cannot multiply dimension',
  '-1150': 'unknown component type (no such primitive component or layout)',
  '-1151': 'invalid layout name',
  '-1200': 'cannot fetch imported package',
  '-4002': 'validation warning',
};

function finding(source, info) {
  return {
    source,
    path: info.path,
    message: info.errorMessage,
    level: info.level || 'WARNING',
  };
}

async function main() {
  const file = process.argv[2];
  const out = { file, errors: [], warnings: [], suggesterVersion: suggesterVersion() };
  const all = [];

  let payload;
  try {
    payload = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    all.push({ source: 'harness', path: '/', message: `cannot read JSON: ${e.message}`, level: 'ERROR' });
    return finish(out, all);
  }
  // RenderDocument payload or bare document?
  const isPayload = payload && typeof payload === 'object' && payload.document && payload.type !== 'APL';
  const doc = isPayload ? payload.document : payload;
  const datasources = isPayload ? payload.datasources : undefined;

  // The ErrorController is a singleton whose error table is empty until registerErrors() is called;
  // without it, every triggerValidationError() is silently dropped.
  const controller = ErrorController.getInstance();
  controller.registerErrors();
  controller.clearExistingWarn();
  controller.setErrorInterface({
    sendError(err) {
      // The controller reuses one object per code and overwrites .placeholders: copy now.
      const ph = err.placeholders ? JSON.parse(JSON.stringify(err.placeholders)) : {};
      const detail = ph.name || ph.url || '';
      all.push({
        source: 'controller',
        path: ph.path || '/',
        message: (CONTROLLER_MESSAGES[err.code] || `error ${err.code}`) + (detail ? `: ${detail}` : ''),
        level: err.level,
        code: err.code,
        placeholders: ph,
      });
    },
  });

  const validator = new StaticAplTemplateValidator();
  const mainFindings = await validator.validate(doc);
  // validate() runs the whole-document JSON schema (AJV) and, only if that passes, the command and
  // graphic checks. Run those two ourselves (TypeScript-private, plain methods at runtime) so they
  // are always reported, and so each finding can be labelled with the check that produced it.
  const schemaOk = validator.validateFunction(doc); // the AJV function validate() used
  const commandFindings = validator.validateCommands(doc);
  const graphicFindings = validator.validateGraphics(doc);
  const key = (i) => `${i.path}|${i.errorMessage}`;
  const commandKeys = new Set(commandFindings.map(key));
  const graphicKeys = new Set(graphicFindings.map(key));
  for (const info of mainFindings) {
    let source = 'component';
    if (commandKeys.has(key(info))) source = 'command';
    else if (graphicKeys.has(key(info))) source = 'graphic';
    else if (!schemaOk) source = 'schema';  // schema errors come first; components share paths
    all.push(finding(source, info));
  }
  for (const info of commandFindings) all.push(finding('command', info));
  for (const info of graphicFindings) all.push(finding('graphic', info));
  if (datasources !== undefined) {
    if (datasources && typeof datasources === 'object') {
      for (const info of await validator.validateDataSources(datasources)) all.push(finding('datasources', info));
    } else {
      all.push({ source: 'datasources', path: '/datasources', message: 'datasources should be an object', level: 'WARNING' });
    }
  }
  return finish(out, all);
}

function finish(out, all) {
  // De-duplicate identical findings (same path and message; the first label wins).
  const seen = new Set();
  for (const f of all) {
    const key = `${f.path}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (f.level === 'ERROR' ? out.errors : out.warnings).push(f);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

function suggesterVersion() {
  try {
    return require(path.join(path.dirname(require.resolve('apl-suggester/package.json')), 'package.json')).version;
  } catch (e) {
    return null;
  }
}

main().catch((e) => {
  // Never exit non-zero: report the crash as a finding.
  process.stdout.write(JSON.stringify({
    file: process.argv[2],
    errors: [{ source: 'harness', path: '/', message: `validator crashed: ${e && e.stack || e}`, level: 'ERROR' }],
    warnings: [],
  }, null, 1) + '\n');
}).finally(() => process.exit(0));
