import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

/** The service's Prometheus metrics, in their own registry (tests can build several services in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: 'messages_total',
    help: 'Messages by channel and direction',
    labelNames: ['channel', 'direction'] as const,
    registers: [this.registry],
  });
  private depthSources: (() => Promise<QueueDepth[]>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const sources = () => this.depthSources;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const source of sources()) {
          for (const depth of await source()) this.set({ queue: depth.queue, state: depth.state }, depth.count);
        }
      },
    });
  }

  /** Adds a source of queue depths, read at every scrape. */
  observeQueueDepths(source: () => Promise<QueueDepth[]>): void {
    this.depthSources.push(source);
  }
}
