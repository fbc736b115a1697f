// The AWS Encryption SDK for JavaScript (@aws-crypto/client-node) against Keyhold: a multi-megabyte file
// encrypted and decrypted through KMS keyrings. Environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_REGION (read by the KMS client the keyring makes), KEY_A_ARN and KEY_B_ARN (two
// symmetric keys), INPUT_FILE (the plaintext) and WORK_DIR (for the ciphertexts). Prints {"steps": {...}} as
// kms-scenario.mjs does.
import { createReadStream, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import {
  KmsKeyringNode, MultiKeyringNode, buildClient, CommitmentPolicy, getClient,
} from '@aws-crypto/client-node';
import { KMS, KMSClient, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';

const { encryptStream, decryptStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const clientProvider = getClient(KMS, { maxAttempts: 1 });
const keyA = process.env.KEY_A_ARN;
const keyB = process.env.KEY_B_ARN;
const input = process.env.INPUT_FILE;
const work = process.env.WORK_DIR;
const context = { purpose: 'compatibility', client: 'encryption-sdk-js' };
const steps = {};

async function step(name, body) {
  try {
    steps[name] = await body();
  } catch (error) {
    steps[name] = { error: `${error.name}: ${error.message}` };
  }
}

async function sha256(path) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function encrypt(keyring, output) {
  await pipeline(createReadStream(input), encryptStream(keyring, { encryptionContext: context }), createWriteStream(output));
}

/** Decrypts to a file; returns whether it matches the input and whether the message carried our encryption context. */
async function decrypt(keyring, ciphertextPath, output) {
  let header;
  const stream = decryptStream(keyring).once('MessageHeader', (h) => { header = h; });
  await pipeline(createReadStream(ciphertextPath), stream, createWriteStream(output));
  const contextKept = Object.entries(context).every(([k, v]) => header?.encryptionContext?.[k] === v);
  return { matches: (await sha256(output)) === (await sha256(input)), contextKept, encryptedDataKeys: header?.encryptedDataKeys?.length ?? 0 };
}

const single = join(work, 'single.encrypted');
await step('EncryptDecrypt', async () => {
  const keyring = new KmsKeyringNode({ clientProvider, generatorKeyId: keyA });
  await encrypt(keyring, single);
  return decrypt(new KmsKeyringNode({ clientProvider, keyIds: [keyA] }), single, join(work, 'single.decrypted'));
});

await step('MultiKeyring', async () => {
  const multi = new MultiKeyringNode({
    generator: new KmsKeyringNode({ clientProvider, generatorKeyId: keyA }),
    children: [new KmsKeyringNode({ clientProvider, keyIds: [keyB] })],
  });
  const encrypted = join(work, 'multi.encrypted');
  await encrypt(multi, encrypted);
  // Each key alone must decrypt the message: the second key's encrypted data key is as good as the generator's.
  const byB = await decrypt(new KmsKeyringNode({ clientProvider, keyIds: [keyB] }), encrypted, join(work, 'multi-b.decrypted'));
  const byA = await decrypt(new KmsKeyringNode({ clientProvider, keyIds: [keyA] }), encrypted, join(work, 'multi-a.decrypted'));
  return { matchesWithKeyB: byB.matches, matchesWithKeyA: byA.matches, encryptedDataKeys: byB.encryptedDataKeys, contextKept: byB.contextKept };
});

await step('DecryptAfterRotation', async () => {
  await new KMSClient({ maxAttempts: 1 }).send(new RotateKeyOnDemandCommand({ KeyId: keyA }));
  const before = await decrypt(new KmsKeyringNode({ clientProvider, keyIds: [keyA] }), single, join(work, 'rotated.decrypted'));
  const after = join(work, 'after-rotation.encrypted');
  await encrypt(new KmsKeyringNode({ clientProvider, generatorKeyId: keyA }), after);
  const fresh = await decrypt(new KmsKeyringNode({ clientProvider, keyIds: [keyA] }), after, join(work, 'after-rotation.decrypted'));
  return { oldMessageMatches: before.matches, newMessageMatches: fresh.matches };
});

process.stdout.write(JSON.stringify({ steps }) + '\n');
