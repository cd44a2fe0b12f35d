"""
Byte-compiles a generated Python SDK and imports every module of it, with the Pulumi SDK and its helpers
(pulumi.*, semver, parver) replaced by permissive stand-ins: what the SDK's own code says at import time is
checked (names, decorators, class bodies, enums), not Pulumi's behaviour. Prints the modules imported.

    python3 test/support/python-import-check.py <sdk root> <package> <version>

The SDK reads its own version from the installed distribution's metadata; a minimal `.dist-info` beside it
stands for the installation.
"""
import os
import compileall
import importlib
import importlib.abc
import importlib.machinery
import pkgutil
import sys
import types

STUBBED = ("pulumi", "semver", "parver")


class _Stub:
    """Any attribute, call, index or base class; a call with one function returns it (a decorator)."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]
        return _Stub()

    def __getattr__(self, name):
        return _Stub()

    def __getitem__(self, key):
        return _Stub()

    def __mro_entries__(self, bases):
        return (object,)

    def __iter__(self):
        return iter((0, 0, 0))  # a version's (major, minor, patch)


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub()


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in STUBBED:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def main(root, package, version):
    info = os.path.join(root, f"{package}-{version}.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w") as f:
        f.write(f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n")
    if not compileall.compile_dir(os.path.join(root, package), quiet=1):
        sys.exit("byte-compiling failed")
    sys.meta_path.insert(0, _StubFinder())
    sys.path.insert(0, root)
    top = importlib.import_module(package)
    names = [package] + [m.name for m in pkgutil.walk_packages(top.__path__, package + ".")]
    for name in names:
        importlib.import_module(name)
    print("\n".join(sorted(names)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
