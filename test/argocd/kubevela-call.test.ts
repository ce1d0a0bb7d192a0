import { KubeVelaCall, KubeVelaRequestMethod } from '../../src/argocd';

describe('KubeVelaCall', () => {
  test('request defaults to POST and adds a JSON content type for a body', () => {
    const call = KubeVelaCall.request({ url: 'https://ci.example.com/hooks/api', body: { app: 'api' } });
    expect(call.stepType).toBe('request');
    expect(call.url).toBe('https://ci.example.com/hooks/api');
    expect(call.properties).toEqual({
      url: 'https://ci.example.com/hooks/api',
      method: 'POST',
      body: { app: 'api' },
      header: { 'Content-Type': 'application/json' },
    });
  });

  test('request without body has no headers unless given', () => {
    expect(KubeVelaCall.request({ url: 'https://ci.example.com', method: KubeVelaRequestMethod.GET }).properties)
      .toEqual({ url: 'https://ci.example.com', method: 'GET' });
    expect(KubeVelaCall.request({ url: 'https://ci.example.com', body: {}, headers: { 'content-type': 'text/plain' } }).properties.header)
      .toEqual({ 'content-type': 'text/plain' });
  });

  test('webhook with a literal URL', () => {
    const call = KubeVelaCall.webhook({ url: 'https://ci.example.com', data: { app: 'api' } });
    expect(call.stepType).toBe('webhook');
    expect(call.properties).toEqual({ url: { value: 'https://ci.example.com' }, data: { app: 'api' } });
  });

  test('webhook with the URL from a Secret', () => {
    const call = KubeVelaCall.webhookFromSecret({ secretName: 'ci', secretKey: 'url' });
    expect(call.url).toBeUndefined();
    expect(call.properties).toEqual({ url: { secretRef: { name: 'ci', key: 'url' } } });
  });
});
