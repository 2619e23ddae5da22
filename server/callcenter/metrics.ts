/**
 * The call center's Prometheus metrics, on the platform's registry: calls closed per tenant,
 * topic, language and outcome, and the time from a call's ticket to its resolution.
 */
import client from 'prom-client';

const made = new WeakMap<client.Registry, ReturnType<typeof build>>();

function build(registry: client.Registry) {
  return {
    calls: new client.Counter({
      name: 'koneps_callcenter_calls_total',
      help: 'Call-center tickets closed, by tenant, topic, caller language and outcome',
      labelNames: ['tenant', 'topic', 'language', 'outcome'],
      registers: [registry],
    }),
    resolution: new client.Histogram({
      name: 'koneps_callcenter_resolution_seconds',
      help: 'Time from a ticket being opened to its closing',
      labelNames: ['tenant'],
      buckets: [300, 1800, 3600, 4 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600],
      registers: [registry],
    }),
  };
}

export function callCenterMetrics(registry: client.Registry) {
  let metrics = made.get(registry);
  if (!metrics) {
    metrics = build(registry);
    made.set(registry, metrics);
  }
  return metrics;
}
