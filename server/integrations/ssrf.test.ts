import { expect, test } from 'bun:test';
import { isInternalAddress, targetProblem } from './ssrf';

test('loopback, private, link-local, CGNAT and mapped addresses are internal; public ones are not', () => {
  const internal = [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '[::1]',
    'not-an-ip',
  ];
  const external = ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];
  expect(internal.filter((ip) => !isInternalAddress(ip))).toEqual([]);
  expect(external.filter(isInternalAddress)).toEqual([]);
});

test('production refuses http, loopback, a name that resolves inside, and credentials in the URL', async () => {
  const resolve = async (host: string) => (host === 'n8n.example.com' ? ['93.184.216.34'] : ['10.0.0.5']);
  const prod = (url: string) => targetProblem(url, { production: true, resolve });
  expect(await prod('https://n8n.example.com/webhook/abc')).toBeNull();
  expect(await prod('http://n8n.example.com/webhook/abc')).toBe('must be https');
  expect(await prod('https://127.0.0.1/hook')).toBe('must not be a local or internal address');
  expect(await prod('https://[::1]/hook')).toBe('must not be a local or internal address');
  expect(await prod('https://localhost/hook')).toBe('must not be a local or internal address');
  expect(await prod('https://sneaky.example.com/hook')).toBe('must not be a local or internal address');
  expect(await prod('https://u:p@n8n.example.com/')).toBe('must not carry a user name or password');
  expect(await prod('ftp://n8n.example.com/')).toBe('must be http or https');
  expect(await prod('nonsense')).toBe('is not a URL');
  const failing = async () => {
    throw new Error('ENOTFOUND');
  };
  expect(await targetProblem('https://nowhere.example/', { production: true, resolve: failing })).toBe(
    'has a host name that does not resolve',
  );
});

test('development may deliver to a local receiver', async () => {
  expect(await targetProblem('http://127.0.0.1:5678/webhook/x', { production: false })).toBeNull();
});
