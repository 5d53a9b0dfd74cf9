/** Every deployment-config reader the resolver asks, in order. */
import type { DeploymentReader } from './model.js';

export const READERS: DeploymentReader[] = [];
