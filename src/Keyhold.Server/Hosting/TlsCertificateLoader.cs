using System.Security.Cryptography.X509Certificates;

namespace Keyhold.Server.Hosting;

/// <summary>Loads the TLS certificate: a PEM certificate with a PEM key file, or a PKCS#12 file alone.</summary>
internal static class TlsCertificateLoader
{
    public static X509Certificate2 Load(string certificatePath, string? keyPath)
    {
        try
        {
            if (keyPath is not null)
            {
                using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
                // Re-import so the private key is usable by SslStream on every platform.
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }

            return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new KeyholdStartupException($"Cannot load the TLS certificate {certificatePath}{(keyPath is null ? string.Empty : $" with key {keyPath}")}: {ex.Message}", ex);
        }
    }
}
