/**
 * The predefined `alias/aws/*` aliases every account's ListAliases shows: AWS creates them before
 * any AWS managed key exists, so they have no TargetKeyId (API reference, ListAliases). kms-local
 * creates no AWS managed keys, so none of them resolves to a key.
 */
export const AWS_MANAGED_ALIASES: readonly string[] = [
  'alias/aws/acm', 'alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/es',
  'alias/aws/glue', 'alias/aws/kinesisvideo', 'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/redshift',
  'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/aws/xray',
];
