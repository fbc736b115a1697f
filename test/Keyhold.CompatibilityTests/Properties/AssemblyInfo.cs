using System.Runtime.Versioning;

// The clients run as Unix processes (pyenv shims, Debian's aws CLI v2, node); the shared helpers send POSIX signals.
[assembly: UnsupportedOSPlatform("windows")]

// One server and one results file for the whole suite: the tests run one after another in one collection.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
