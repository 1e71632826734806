"""Linux libraries the bundle takes from the host, and the Debian packages that provide them.

One list for two users: packaging/bugzot.spec leaves these out of the bundle, and
packaging/build.py turns the packages into the .deb's Depends. A test checks that
every library the bundle links and does not carry is listed here.

The choice follows AppImage's excludelist (github.com/AppImage/pkg2appimage,
file ``excludelist``): base-system libraries every desktop has, where a bundled
copy can clash with the host (libstdc++ against the GL drivers, fontconfig
against the host's config). libdbus-1 joins them because it drags systemd and
libgcrypt in. The xcb utility libraries (cursor, icccm, keysyms, ...) are NOT
here: distributions often lack them, so the bundle carries them.
"""

GLIB = "libglib2.0-0t64 | libglib2.0-0"  # renamed for the 64-bit time_t transition (Debian 13, Ubuntu 24.04)

HOST_LIB_PACKAGES: dict[str, str] = {
    # glibc: PyInstaller never bundles it; the version floor comes from the bundle (deb_depends)
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "libresolv.so.2": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "libmvec.so.1": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    # toolchain runtime
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    # base system
    "libz.so.1": "zlib1g",
    "libuuid.so.1": "libuuid1",
    "libcom_err.so.2": "libcom-err2",
    "libexpat.so.1": "libexpat1",
    "libgpg-error.so.0": "libgpg-error0",
    "libdbus-1.so.3": "libdbus-1-3",
    # dpkg, rpm, pacman and systemd link zstd: no Linux desktop lacks it (Qt uses it for compressed resources)
    "libzstd.so.1": "libzstd1",
    # Kerberos (QtNetwork's GSSAPI, which we never use): the host's copy reads the host's krb5.conf
    # and loads the host's plugins, where a bundled copy of another release breaks them;
    # openssh-client and libcurl depend on it, so it is on every desktop.
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libglib-2.0.so.0": GLIB,
    "libgobject-2.0.so.0": GLIB,
    "libgio-2.0.so.0": GLIB,
    "libgmodule-2.0.so.0": GLIB,
    "libgthread-2.0.so.0": GLIB,
    # fonts and text
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libfribidi.so.0": "libfribidi0",
    # graphics stack: must match the host's drivers
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libdrm.so.2": "libdrm2",
    "libX11.so.6": "libx11-6",
    "libxcb.so.1": "libxcb1",
    # libxcb's own dependencies: wherever the host's libxcb is, these are
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxcb-dri2.so.0": "libxcb-dri2-0",
    "libxcb-dri3.so.0": "libxcb-dri3-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}


def deb_depends(needed: set[str] | None = None, glibc: str | None = None) -> list[str]:
    """Depends entries for the libraries in ``needed`` (all listed ones if None), sorted, unique.

    ``glibc`` is the newest GLIBC_x.y symbol version the bundle uses: libc6 gets it as its floor.
    """
    names = HOST_LIB_PACKAGES if needed is None else {n: HOST_LIB_PACKAGES[n] for n in needed}
    packages = set(names.values())
    if glibc and "libc6" in packages:
        packages = (packages - {"libc6"}) | {f"libc6 (>= {glibc})"}
    return sorted(packages)
