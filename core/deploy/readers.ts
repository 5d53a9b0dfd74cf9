/** Every deployment-config reader the resolver asks, in order: the first whose `matches()` accepts a file reads it. */
import { cdkReader } from './cdk.js';
import { dockerfileReader } from './dockerfile.js';
import type { DeploymentReader } from './model.js';
import { samReader } from './sam.js';
import { serverlessReader } from './serverless.js';
import { terraformReader } from './terraform.js';

export const READERS: readonly DeploymentReader[] = [samReader, serverlessReader, terraformReader, dockerfileReader, cdkReader];
