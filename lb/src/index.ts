export * from './topology/topology.model.js';
export * from './topology/local-topology.js';
export * from './haproxy/haproxy-config.renderer.js';
export * from './haproxy/haproxy-runtime.client.js';
export * from './kamailio/kamailio-config.renderer.js';
