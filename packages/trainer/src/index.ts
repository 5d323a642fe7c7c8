/**
 * @gradscope/trainer — modules, initialisers, losses, optimisers, schedules, data, the fit loop,
 * gradient-flow monitors and safetensors checkpoints. Runs in browsers and Node; file helpers
 * live in `@gradscope/trainer/node`.
 *
 * @packageDocumentation
 */
export * from './init.js';
