// The arguments of `tokex serve --log` are checked before anything connects, each refusal naming its option.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayIdBytesMax } from './limits.js';
import { checkLogOptions, defaultGatewayId } from './serve-log.js';
import { isToken } from './subjects.js';

const good = { log: 'nats://127.0.0.1:4222,nats://h2:4223', group: 'TKE,TKF', gatewayId: 'web-1', replicas: 3 };

test('good arguments give the servers and the group named in catalogue order', () => {
  const checked = checkLogOptions(good);
  assert.ok(typeof checked !== 'string', String(checked));
  assert.deepEqual(checked.servers, ['nats://127.0.0.1:4222', 'nats://h2:4223']);
  assert.equal(checked.group.name, 'TKF_TKE');
});

test('each bad argument is refused with the option it concerns', () => {
  assert.match(checkLogOptions({ ...good, log: 'http://x:1' }) as string, /^--log: /);
  assert.match(checkLogOptions({ ...good, group: 'TKF,XXX' }) as string, /^--group: "XXX"/);
  assert.match(checkLogOptions({ ...good, gatewayId: 'a.b' }) as string, /^--gateway-id: /);
  assert.match(checkLogOptions({ ...good, gatewayId: 'tokex-shared' }) as string, /not tokex-shared/);
  assert.match(checkLogOptions({ ...good, replicas: 0 }) as string, /^--replicas: /);
});

test('the default gateway id is a subject token within the length limit, even for a long odd host name', () => {
  const id = defaultGatewayId('a-very.long.host-name.example.internal.corp', 4_194_304);
  assert.ok(isToken(id, gatewayIdBytesMax), id);
  assert.ok(id.endsWith('-4194304'), 'the pid survives the cut');
  assert.equal(defaultGatewayId('web1', 12), 'gw-web1-12');
});
