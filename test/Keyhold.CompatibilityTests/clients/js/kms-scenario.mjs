// The KMS scenario of the compatibility suite with the AWS SDK for JavaScript v3 (@aws-sdk/client-kms).
// Endpoint, credentials and region come from the standard environment variables (AWS_ENDPOINT_URL,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); DENIED_ACCESS_KEY_ID/DENIED_SECRET_ACCESS_KEY are a user
// without permissions; ALIAS_NAME is the alias to create. Prints one JSON object: {"steps": {operation: facts}};
// a step that threw reports {"error": "..."}. The C# test asserts on the facts.
import {
  KMSClient, CreateKeyCommand, CreateAliasCommand, DescribeKeyCommand, EncryptCommand, DecryptCommand,
  GenerateDataKeyCommand, EnableKeyRotationCommand, GetKeyRotationStatusCommand, RotateKeyOnDemandCommand,
  ListKeyRotationsCommand, ListKeysCommand, DisableKeyCommand,
} from '@aws-sdk/client-kms';

const kms = new KMSClient({ maxAttempts: 1 });
const denied = new KMSClient({
  maxAttempts: 1,
  credentials: { accessKeyId: process.env.DENIED_ACCESS_KEY_ID, secretAccessKey: process.env.DENIED_SECRET_ACCESS_KEY },
});
const steps = {};
const context = { purpose: 'compatibility', client: 'js-v3' };
const same = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

async function step(name, body) {
  try {
    steps[name] = await body();
  } catch (error) {
    steps[name] = { error: `${error.name}: ${error.message}` };
  }
}

async function errorOf(body) {
  try {
    await body();
    return { errorName: null };
  } catch (error) {
    return { errorName: error.name, message: error.message, httpStatus: error.$metadata?.httpStatusCode ?? null };
  }
}

let key;
await step('CreateKey', async () => {
  key = (await kms.send(new CreateKeyCommand({ Description: 'compatibility: js-v3' }))).KeyMetadata;
  return { keyId: key.KeyId, arn: key.Arn, keySpec: key.KeySpec, enabled: key.Enabled };
});

await step('CreateAlias', async () => {
  await kms.send(new CreateAliasCommand({ AliasName: process.env.ALIAS_NAME, TargetKeyId: key.KeyId }));
  const described = await kms.send(new DescribeKeyCommand({ KeyId: process.env.ALIAS_NAME }));
  return { aliasKeyId: described.KeyMetadata.KeyId };
});

let ciphertext;
const plaintext = Buffer.from('compatibility plaintext from the AWS SDK for JavaScript v3');
await step('EncryptDecrypt', async () => {
  const encrypted = await kms.send(new EncryptCommand({ KeyId: process.env.ALIAS_NAME, Plaintext: plaintext, EncryptionContext: context }));
  ciphertext = encrypted.CiphertextBlob;
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context }));
  return { encryptKeyId: encrypted.KeyId, decryptKeyId: decrypted.KeyId, roundTrip: same(decrypted.Plaintext, plaintext) };
});

await step('GenerateDataKey', async () => {
  const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: context }));
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: context }));
  return { plaintextLength: dataKey.Plaintext.length, keyId: dataKey.KeyId, decryptMatches: same(decrypted.Plaintext, dataKey.Plaintext) };
});

await step('Rotation', async () => {
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
  const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
  const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context }));
  return { rotationEnabled: status.KeyRotationEnabled, rotations: rotations.Rotations.length, oldCiphertextDecrypts: same(decrypted.Plaintext, plaintext) };
});

await step('ListKeysPagination', async () => {
  let pages = 0;
  let marker;
  const ids = new Set();
  do {
    const page = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
    pages++;
    page.Keys.forEach((k) => ids.add(k.KeyId));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return { pages, keys: ids.size, containsCreatedKey: ids.has(key.KeyId) };
});

await step('NotFoundException', () => errorOf(() => kms.send(new DescribeKeyCommand({ KeyId: 'alias/compatibility-does-not-exist' }))));
await step('InvalidCiphertextException', () => errorOf(() => kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { purpose: 'other' } }))));
await step('ValidationException', () => errorOf(() => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(5000) }))));
await step('AccessDeniedException', () => errorOf(() => denied.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: plaintext }))));
await step('DisabledException', async () => {
  await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
  return errorOf(() => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext })));
});

process.stdout.write(JSON.stringify({ steps }) + '\n');
