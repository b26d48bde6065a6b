/** Programmatic API of the operator CLI, used by the test harness. */
export * from './cluster/cluster-context.js';
export * from './cluster/cluster.js';
export * from './cluster/process-control.js';
export * from './cluster/process-table.js';
export * from './cluster/probes.js';
export * from './cluster/schema.step.js';
export * from './components/component.js';
