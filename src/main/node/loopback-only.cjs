// Loaded with `node --require` before an emulator (NodeProcess): every TCP server the emulator opens listens on
// 127.0.0.1 only, whatever address it asks for. kinesis-local (kinesis-mock) has no host setting and listens on all
// interfaces; http, https and tls servers are net servers too.
'use strict';

const net = require('net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (first === undefined || typeof first === 'function') {
    args.unshift(0, LOOPBACK); // listen() or listen(callback): any free port
  } else if (isPort(first)) {
    if (typeof args[1] === 'string') {
      args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (typeof first === 'object' && first !== null && first.path === undefined && first.fd === undefined
      && first._handle === undefined && first.handle === undefined) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
