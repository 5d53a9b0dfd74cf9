/**
 * The Dockerfile reader: fixtures shaped like the AWS documentation's Node.js images, multi-stage TypeScript builds,
 * the Datadog extension image, a local extension, the runtime interface client on a non-AWS base, and edge cases
 * inline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerfileReader } from '../../core/deploy/dockerfile.js';
import { DeploymentParseError, type FunctionDeployment } from '../../core/deploy/model.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/deploy/docker/', import.meta.url));
const cwd = FIXTURES;

function readFixture(rel: string): FunctionDeployment[] {
  const file = path.join(FIXTURES, rel);
  return dockerfileReader.read(file, readFileSync(file, 'utf8'), { cwd });
}
/** Reads inline Dockerfile text as if it were /repo/<rel>. */
function readText(text: string, rel = 'Dockerfile', repo = '/repo'): FunctionDeployment[] {
  return dockerfileReader.read(path.join(repo, rel), text, { cwd: repo });
}
function parseError(read: () => unknown): DeploymentParseError {
  try {
    read();
  } catch (error) {
    if (error instanceof DeploymentParseError) return error;
    throw error;
  }
  throw new Error('expected a DeploymentParseError');
}
const fixture = (rel: string): string => path.join(FIXTURES, rel);

describe('dockerfileReader.matches', () => {
  it.each(['Dockerfile', 'Dockerfile.lambda', 'Dockerfile.prod', 'api.Dockerfile', 'orders.dockerfile', 'Containerfile'])('matches %s', (name) => {
    expect(dockerfileReader.matches(name)).toBe(true);
  });
  it.each(['Dockerfile.dockerignore', '.dockerignore', 'docker-compose.yml', 'Dockerfiles', 'main.tf', 'MyDockerfile'])('does not match %s', (name) => {
    expect(dockerfileReader.matches(name)).toBe(false);
  });
  it('is the container reader', () => {
    expect(dockerfileReader.tool).toBe('container');
  });
});

describe('images from the AWS documentation', () => {
  it('maps CMD ["index.handler"] through COPY index.js … ${LAMBDA_TASK_ROOT} to the file beside the Dockerfile', () => {
    expect(readFixture('aws-docs-node/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'index.handler',
        configFile: fixture('aws-docs-node/Dockerfile'),
        line: 10,
        entryModules: [fixture('aws-docs-node/index')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });

  it('maps a glob copied from a TypeScript build stage (dist/* → ./) back to the .ts file the build stage copied', () => {
    expect(readFixture('typescript-multistage/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'index.handler',
        configFile: fixture('typescript-multistage/Dockerfile'),
        line: 10,
        entryModules: [fixture('typescript-multistage/index')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });

  it('runs aws-lambda-ric on a non-AWS base: global ARG, WORKDIR and COPY --from=<stage> ${FUNCTION_DIR}', () => {
    expect(readFixture('runtime-interface-client/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'index.handler',
        configFile: fixture('runtime-interface-client/Dockerfile'),
        line: 49,
        entryModules: [fixture('runtime-interface-client/index')],
        handlerExport: 'handler',
        layers: [],
        environment: { NPM_CONFIG_CACHE: '/tmp/.npm' },
        implicitExtensions: [],
      },
    ]);
  });

  it('returns [] for a Python Lambda image and for a Node.js web server image', () => {
    expect(readFixture('python-image/Dockerfile')).toEqual([]);
    expect(readFixture('web-server/Dockerfile')).toEqual([]);
  });
});

describe('multi-stage builds', () => {
  it('maps COPY --from=build /app/dist ${LAMBDA_TASK_ROOT} through COPY . /app to dist/ and src/, with ENV forms', () => {
    expect(readFixture('esbuild-build-stage/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'handlers/get-order.handler',
        configFile: fixture('esbuild-build-stage/Dockerfile'),
        line: 17,
        entryModules: [fixture('esbuild-build-stage/dist/handlers/get-order'), fixture('esbuild-build-stage/src/handlers/get-order')],
        handlerExport: 'handler',
        layers: [],
        // ENV K=V with a line continuation and quotes; legacy ENV K V with an unknown variable is not static.
        environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'orders', TABLE_NAME: null },
        implicitExtensions: [],
      },
    ]);
  });

  it('lists every buildable target stage, not the shared base, and flags a layer archive unpacked into /opt', () => {
    const file = fixture('multi-target/Dockerfile.lambda');
    expect(readFixture('multi-target/Dockerfile.lambda')).toEqual([
      {
        tool: 'container',
        name: 'handlers/get-order.handler',
        configFile: file,
        line: 7,
        entryModules: [fixture('multi-target/src/handlers/get-order')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
      {
        tool: 'container',
        name: 'handlers/create-order.handler',
        configFile: file,
        line: 12,
        entryModules: [fixture('multi-target/src/handlers/create-order')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
        unknownReason: 'the RUN instruction at line 11 unpacks into /opt, which may add an extension',
      },
    ]);
  });
});

describe('extensions in images', () => {
  it('counts the Datadog extension copied from its image, and unwraps the Datadog handler', () => {
    expect(readFixture('datadog-extension/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'app.handler',
        configFile: fixture('datadog-extension/Dockerfile'),
        line: 13,
        entryModules: [fixture('datadog-extension/src/app')],
        handlerExport: 'handler',
        layers: [],
        environment: { DD_LAMBDA_HANDLER: 'app.handler', DD_SITE: 'datadoghq.com', DD_SERVERLESS_LOGS_ENABLED: 'true' },
        implicitExtensions: ['the image copies /opt/. from public.ecr.aws/datadog/lambda-extension:65 into /opt/ (line 4)'],
      },
    ]);
  });

  it('counts a local file copied into /opt/extensions (once: chmod is no copy) and reads the wrapper environment', () => {
    expect(readFixture('local-extension/Dockerfile')).toEqual([
      {
        tool: 'container',
        name: 'app.handler',
        configFile: fixture('local-extension/Dockerfile'),
        line: 14,
        entryModules: [fixture('local-extension/dist/app'), fixture('local-extension/src/app')],
        handlerExport: 'handler',
        layers: [],
        environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/wrapper.sh', NODE_OPTIONS: '--require /opt/wrapper/instrument.js' },
        implicitExtensions: ['the image copies extensions/log-flusher into /opt/extensions/log-flusher (line 4)'],
      },
    ]);
  });

  it('counts the Lambda Web Adapter, /opt/extensions/ from an image, a heredoc and a RUN that downloads into /opt/extensions', () => {
    const [deployment] = readText(`FROM public.ecr.aws/lambda/nodejs:20
COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.8.4 /lambda-adapter /opt/extensions/lambda-adapter
COPY --from=public.ecr.aws/newrelic/newrelic-lambda-layers-nodejs:20 /opt/extensions/ /opt/extensions/
WORKDIR /opt/extensions
COPY <<EOF ./flush.sh
#!/bin/sh
echo flush
EOF
RUN curl -sSL https://example.com/ext -o /opt/extensions/ext && chmod +x /opt/extensions/ext
RUN rm -rf /opt/extensions/unused
WORKDIR /var/task
COPY app.mjs ./
CMD ["app.handler"]
`);
    expect(deployment?.implicitExtensions).toEqual([
      'the image copies /lambda-adapter from public.ecr.aws/awsguru/aws-lambda-adapter:0.8.4 into /opt/extensions/lambda-adapter (line 2)',
      'the image copies /opt/extensions/ from public.ecr.aws/newrelic/newrelic-lambda-layers-nodejs:20 into /opt/extensions/ (line 3)',
      'the image copies a heredoc into ./flush.sh (line 5)',
      'a RUN instruction writes into /opt/extensions (line 9)',
    ]);
    expect(deployment?.entryModules).toEqual(['/repo/app']);
    expect(deployment?.line).toBe(13);
  });

  it('does not count /opt/nodejs library content or a copy of /opt from a build stage that has no extension', () => {
    const [deployment] = readText(`FROM public.ecr.aws/lambda/nodejs:20
COPY --from=public.ecr.aws/datadog/lambda-extension:65 /opt/nodejs /opt/nodejs
COPY layer/ /opt/
COPY . ./
CMD ["index.handler"]
`);
    expect(deployment).toMatchObject({ implicitExtensions: [], entryModules: ['/repo/index'] });
    expect(deployment?.unknownReason).toBeUndefined();
  });
});

describe('Dockerfile syntax', () => {
  it('handles continuations, comments, a JSON-array COPY with spaces, --chown/--platform flags and amazon/aws-lambda-nodejs', () => {
    const [deployment] = readText(
      `# syntax=docker/dockerfile:1
FROM --platform=linux/arm64 amazon/aws-lambda-nodejs:18
ENV LOG_LEVEL=debug \\
    # a comment inside the continuation
    NODE_OPTIONS="--enable-source-maps --import ./otel.mjs"
COPY --chown=1000:1000 ["my handlers/", "\${LAMBDA_TASK_ROOT}/functions/"]
CMD [ \\
  "functions/orders.handler" \\
]
`,
      'services/orders/Dockerfile',
    );
    expect(deployment).toEqual({
      tool: 'container',
      name: 'functions/orders.handler',
      configFile: '/repo/services/orders/Dockerfile',
      line: 7,
      entryModules: ['/repo/services/orders/my handlers/orders'],
      handlerExport: 'handler',
      layers: [],
      environment: { LOG_LEVEL: 'debug', NODE_OPTIONS: '--enable-source-maps --import ./otel.mjs' },
      implicitExtensions: [],
    });
  });

  it('honours the escape directive, shell-form CMD, --from=<index> and ${VAR:-default}', () => {
    const [deployment] = readText(
      `# escape=\`
FROM node:20 AS deps
WORKDIR /build
COPY handlers ./handlers

FROM public.ecr.aws/lambda/nodejs:20
ARG APP_DIR
ENV TARGET=\${APP_DIR:-/var/task} \`
    PRICE=\`$5
COPY --from=0 /build/handlers \${TARGET}/h
CMD h/list.handler
`,
    );
    expect(deployment).toEqual({
      tool: 'container',
      name: 'h/list.handler',
      configFile: '/repo/Dockerfile',
      line: 11,
      entryModules: ['/repo/handlers/list'],
      handlerExport: 'handler',
      layers: [],
      environment: { TARGET: '/var/task', PRICE: '$5' },
      implicitExtensions: [],
    });
  });

  it('reads aws-lambda-ric named in CMD itself, and leaves out entries outside the working directory', () => {
    const text = `FROM node:20-slim
WORKDIR /function
COPY ../shared/ ./
COPY app.js ./
CMD ["npx", "aws-lambda-ric", "app.handler"]
`;
    const [deployment] = readText(text, 'svc/Dockerfile');
    // The later COPY first; `../shared/` cannot leave the build context: BuildKit reads it as `shared/`.
    expect(deployment).toMatchObject({ name: 'app.handler', line: 5, entryModules: ['/repo/svc/app', '/repo/svc/shared/app'] });
    // With the working directory at svc/api, both are outside it.
    const [narrow] = dockerfileReader.read('/repo/svc/Dockerfile', text, { cwd: '/repo/svc/api' });
    expect(narrow?.entryModules).toEqual([]);
  });

  it('says the answer is unknown when a COPY destination cannot be resolved', () => {
    const [deployment] = readText(`FROM public.ecr.aws/lambda/nodejs:20
COPY ext/ \${EXTENSIONS_DIR}/
COPY app.mjs \${LAMBDA_TASK_ROOT}/
CMD ["app.handler"]
`);
    expect(deployment).toMatchObject({
      entryModules: ['/repo/app'],
      implicitExtensions: [],
      unknownReason: 'COPY at line 2 copies to ${EXTENSIONS_DIR}/, which cannot be resolved',
    });
  });

  it('returns [] for a Lambda image without CMD (set by ImageConfig elsewhere) and for an empty file', () => {
    expect(readText('FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}\n')).toEqual([]);
    expect(readText('')).toEqual([]);
    expect(readText('# only a comment\n')).toEqual([]);
  });

  it('throws DeploymentParseError for an instruction before FROM, an unknown instruction, and no FROM', () => {
    expect(parseError(() => readText('COPY . /var/task\nFROM public.ecr.aws/lambda/nodejs:20\n')).message).toBe(
      '/repo/Dockerfile: line 1: COPY before the first FROM',
    );
    const unknown = parseError(() => readText('FROM public.ecr.aws/lambda/nodejs:20\nCOPPY . .\nCMD ["a.handler"]\n', 'Containerfile'));
    expect(unknown.file).toBe('/repo/Containerfile');
    expect(unknown.message).toBe('/repo/Containerfile: line 2: unknown instruction COPPY');
    expect(parseError(() => readText('ARG VERSION=20\n')).message).toBe('/repo/Dockerfile: no FROM instruction');
  });
});

describe('handlerExport: the export CMD names', () => {
  it('reads CMD as the runtime does: module up to the first dot of the base name, then the export', () => {
    const read = (cmd: string) => readText(`FROM public.ecr.aws/lambda/nodejs:20\nCOPY . \${LAMBDA_TASK_ROOT}/\nCMD ${cmd}\n`)[0];
    expect(read('["index.api"]')).toMatchObject({ name: 'index.api', entryModules: ['/repo/index'], handlerExport: 'api' });
    expect(read('["dist/ingest.run"]')).toMatchObject({ entryModules: ['/repo/dist/ingest', '/repo/src/ingest'], handlerExport: 'run' });
    // `index.nested.handler`: module index (not index.nested), export path nested.handler.
    expect(read('["index.nested.handler"]')).toMatchObject({ entryModules: ['/repo/index'], handlerExport: 'nested' });
  });

  it('reads the handler after aws-lambda-ric, and unwraps the Datadog and New Relic wrappers through ENV', () => {
    const [ric] = readText('FROM node:20-slim\nWORKDIR /function\nCOPY app.js ./\nENTRYPOINT ["npx", "aws-lambda-ric"]\nCMD ["app.main"]\n');
    expect(ric).toMatchObject({ entryModules: ['/repo/app'], handlerExport: 'main' });
    const [datadog] = readText(
      'FROM public.ecr.aws/lambda/nodejs:20\nCOPY src/ ${LAMBDA_TASK_ROOT}/\nENV DD_LAMBDA_HANDLER=orders.list\nCMD ["node_modules/datadog-lambda-js/dist/handler.handler"]\n',
    );
    expect(datadog).toMatchObject({ entryModules: ['/repo/src/orders'], handlerExport: 'list' });
    const [newRelic] = readText(
      'FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}/\nENV NEW_RELIC_LAMBDA_HANDLER=billing.charge\nCMD ["newrelic-lambda-wrapper.handler"]\n',
    );
    expect(newRelic).toMatchObject({ entryModules: ['/repo/billing'], handlerExport: 'charge' });
  });

  it('gives no deployment for a CMD the runtime cannot load', () => {
    expect(readText('FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}/\nCMD ["../shared/app.handler"]\n')).toEqual([]);
    expect(readText('FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}/\nCMD ["index"]\n')).toEqual([]);
  });
});
