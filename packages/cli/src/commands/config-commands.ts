import type { Command, CommandUnknownOpts, OptionValues } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { collectKeyValue, jsonOption, withExamples } from './command-helpers.js';

const loadConfigActions = () => import('../actions/config-actions.js');

/** `config show|set`, `doctor`. */
export function defineConfigCommands(program: CommandUnknownOpts): void {
  const config = program.command('config').description('show or change the configuration (mlops.config.json, MLOPS_* variables)');

  withExamples(
    config
      .command('show')
      .description('print the configuration in force and where each part comes from, secrets masked')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await loadConfigActions()).showConfig(context, options))),
    'mlops config show',
    'MLOPS_STORE=postgres MLOPS_STORE_CONNECTION_STRING=postgres://db/mlops mlops config show --json',
  );

  const set = config.command('set').description('write the store or the repository into mlops.config.json (created in this folder if none is found)');
  withExamples(
    providerOptions(set.command('store').description('set the metadata store: sqlite, postgres, sql-server, cosmos or memory').argument('[provider]', 'the provider (see mlops config set store --help)'))
      .option('--path <file>', 'sqlite: the database file (relative to the config file)')
      .option('--schema <name>', 'postgres: the schema')
      .option('--endpoint <url>', 'cosmos: the account endpoint')
      .option('--key <key>', "cosmos: the account key (better: --key '${COSMOS_KEY}' keeps it out of the file)")
      .option('--database-id <id>', 'cosmos: the database')
      .action(action(async (context, provider, options) => (await loadConfigActions()).setProvider(context, 'store', provider, options))),
    'mlops config set store sqlite --path mlops/mlops.db',
    "mlops config set store postgres --connection-string '${DATABASE_URL}' --schema mlops",
    "mlops config set store sql-server --connection-string '${SQLSERVER_CONNECTION_STRING}'",
    "mlops config set store cosmos --endpoint https://acme.documents.azure.com --key '${COSMOS_KEY}' --database-id mlops",
  );
  withExamples(
    providerOptions(set.command('repository').description('set the model repository: local, s3 or azure-blob').argument('[provider]', 'the provider (see mlops config set repository --help)'))
      .option('--root-dir <folder>', 'local: the folder of model files (relative to the config file)')
      .option('--bucket <name>', 's3: the bucket')
      .option('--region <region>', 's3: the region, e.g. eu-west-1')
      .option('--endpoint <url>', 's3: an S3-compatible server, e.g. http://127.0.0.1:9000')
      .option('--force-path-style', 's3: path-style URLs (most S3-compatible servers need them)')
      .option('--container <name>', 'azure-blob: the container')
      .option('--prefix <prefix>', 's3, azure-blob: a key prefix for every object')
      .action(action(async (context, provider, options) => (await loadConfigActions()).setProvider(context, 'repository', provider, options))),
    'mlops config set repository local --root-dir mlops/models',
    'mlops config set repository s3 --bucket models --region eu-west-1',
    "mlops config set repository azure-blob --connection-string '${AZURE_STORAGE_CONNECTION_STRING}' --container models",
  );

  withExamples(
    program
      .command('doctor')
      .description('check the configuration: connect to the store and the repository, print versions, what works and what is missing')
      .option('--write', 'also write, read back and delete a small object in the repository')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await import('../actions/doctor-action.js')).doctor(context, options))),
    'mlops doctor',
    'mlops doctor --write --json',
  );
}

/** Options every provider takes: generic ones and the main string option. */
function providerOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .option('--connection-string <string>', "postgres, sql-server, azure-blob: the connection string (better: '${VARIABLE}' keeps the secret out of the file)")
    .option('-o, --option <name=value>', 'any option of the provider, repeatable (value as a string; ${VAR} references are kept)', collectKeyValue)
    .option('--options <json>', 'options as a JSON object, for numbers and booleans: \'{"busyTimeoutMs": 1000}\'')
    .option('--package <name>', 'a provider from another package (with --method), e.g. @acme/mlops-redis')
    .option('--method <name>', 'the builder method that package adds, e.g. useRedis');
}
