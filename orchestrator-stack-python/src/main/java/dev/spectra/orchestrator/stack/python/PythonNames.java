package dev.spectra.orchestrator.stack.python;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Python distribution names as plans write them, normalized; and the standard library's top-level modules. */
final class PythonNames {
  private PythonNames() {}

  /** A valid distribution name (PEP 508), before canonicalization. */
  static final Pattern DISTRIBUTION = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  /**
   * The public top-level modules of the Python 3.11 standard library ({@code sys.stdlib_module_names} without the
   * private ones). Models often list them as dependencies; they are never installed.
   */
  static final Set<String> STDLIB = Set.of((
      "abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect "
          + "builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys "
          + "compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses "
          + "dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno "
          + "faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass "
          + "gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib "
          + "inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap "
          + "marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath "
          + "nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes "
          + "pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc "
          + "pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets "
          + "select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 "
          + "sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau "
          + "symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time "
          + "timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing "
          + "unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref "
          + "xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo").split(" "));

  /** The canonical form of a distribution name (PEP 503): lower case, runs of {@code -_.} as one {@code -}. */
  static String canonical(String name) {
    return SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  /**
   * The canonical distribution name of one requirement as a model may write it ({@code "Uvicorn[standard]>=0.20"},
   * {@code "pydantic_settings"}, {@code "fastapi 0.95"}), or empty when it names nothing to install: blank, a
   * comment, or a standard-library module ({@code "typing"}, {@code "logging.handlers"}).
   */
  static Optional<String> requirementName(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip();
    int cut = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || "#;@[=<>!~(,".indexOf(c) >= 0) {
        cut = i;
        break;
      }
    }
    String name = s.substring(0, cut);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    int dot = name.indexOf('.');
    String module = dot < 0 ? name : name.substring(0, dot);
    if (STDLIB.contains(module) || STDLIB.contains(module.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(canonical(name));
  }
}
