using System.Runtime.Versioning;

// These tests send POSIX signals (kill -TERM), check Unix file modes and run the aws CLI from a pyenv Python: Unix only.
[assembly: UnsupportedOSPlatform("windows")]
