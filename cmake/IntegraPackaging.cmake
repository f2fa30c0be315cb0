# Install rules and the Debian package (CPack DEB).
#
# `cmake --install build/release` (or the .deb) lays integra out the way Debian services are:
#   /usr/bin/integrad, /usr/bin/integra          the server and the CLI
#   /usr/share/integra/web                       the dashboard (web/dist, built by Vite)
#   /usr/share/integra/data                      knowledge base seed, official unit registries,
#                                                indicator catalog (with their attribution)
#   /usr/share/doc/integra                       README, docs/*.md, copyright
#   /etc/integra/integrad.toml                   configuration (a dpkg conffile)
#   /lib/systemd/system/integrad.service         hardened unit, user `integra`
# State lives in /var/lib/integra (created by the unit's StateDirectory= and by postinst).
#
# The one command that builds everything the package needs and then the package:
#   bash deploy/package.sh        -> build/release/integra_<version>_<arch>.deb
# (web/dist is built by npm + Vite, which CMake does not drive; packaging without it fails
# with a message naming that command.)

include(GNUInstallDirs)

set(INTEGRA_WEB_DIST "${PROJECT_SOURCE_DIR}/web/dist" CACHE PATH
    "The built dashboard (npx vite build in web/) that the package ships")

install(TARGETS integrad integra RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(CODE "
  if(NOT EXISTS \"${INTEGRA_WEB_DIST}/index.html\")
    message(FATAL_ERROR \"integra: the dashboard is not built (${INTEGRA_WEB_DIST}/index.html is missing); run bash deploy/package.sh, or (cd web && npm ci && npx vite build) first\")
  endif()")
install(DIRECTORY "${INTEGRA_WEB_DIST}/" DESTINATION ${CMAKE_INSTALL_DATADIR}/integra/web)
install(FILES data/knowledge/seed.textproto DESTINATION ${CMAKE_INSTALL_DATADIR}/integra/data/knowledge)
install(FILES data/reference/README.md data/reference/laender.csv
              data/reference/kreise_gv100ad_2023-11-30.csv
              data/reference/gemeinden_gv100ad_2023-11-30.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/integra/data/reference)
install(FILES data/demo/indicators.csv
        DESTINATION ${CMAKE_INSTALL_DATADIR}/integra/data/catalog)
file(GLOB INTEGRA_DOCS "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES README.md ${INTEGRA_DOCS} deploy/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Absolute destinations: the package's root file system, not the /usr prefix.
install(FILES deploy/debian/integrad.toml DESTINATION /etc/integra)
install(FILES deploy/debian/integrad.service DESTINATION /lib/systemd/system)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME integra)
set(CPACK_PACKAGE_VENDOR "integra")
set(CPACK_PACKAGE_CONTACT "integra maintainers <integra@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "monitoring and evaluation for local integration policy (server, CLI, dashboard)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # integra_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared-library dependencies (gRPC, protobuf, RocksDB, Boost, ...) computed by dpkg-shlibdeps
# from the binaries, plus what the maintainer scripts call.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, passwd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/deploy/debian/conffiles"
    "${PROJECT_SOURCE_DIR}/deploy/debian/postinst"
    "${PROJECT_SOURCE_DIR}/deploy/debian/prerm"
    "${PROJECT_SOURCE_DIR}/deploy/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # as Debian packages ship binaries
include(CPack)
