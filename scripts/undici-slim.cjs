// What the bundles need from undici (the transport's Agent/ProxyAgent with `.request`), without
// the fetch, WebSocket, cache and mock modules that undici's index pulls in: the index alone is
// ~530 KB of the extension bundle. scripts/build.mjs resolves a bare `undici` import here.
'use strict';
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');

Object.assign(Dispatcher.prototype, api);

module.exports = {
  Dispatcher,
  Agent: require('undici/lib/dispatcher/agent'),
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent'),
  errors: require('undici/lib/core/errors'),
};
