# DtmapInstall.cmake: what `cmake --install` puts under the prefix besides the binary and the man
# page: the public headers (include/dtmap/*.h and the generated version.h), libdtmap.a, the
# pkg-config file dtmap.pc and the CMake package dtmap (target dtmap::dtmap), as PROJ and GDAL
# install theirs. Included from the top CMakeLists.txt once the target dtmap_lib exists.
include(CMakePackageConfigHelpers)

set_target_properties(dtmap_lib PROPERTIES EXPORT_NAME dtmap)
install(TARGETS dtmap_lib EXPORT dtmapTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/dtmap ${PROJECT_BINARY_DIR}/include/dtmap
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

# CMake package: the exported target, its dependencies (dtmapConfig.cmake, with FindCSV.cmake
# for libcsv) and the version. Before 1.0 a minor release may change the API, hence
# SameMinorVersion: find_package(dtmap 0.1) accepts 0.1.x only.
set(DTMAP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dtmap)
install(EXPORT dtmapTargets NAMESPACE dtmap:: DESTINATION ${DTMAP_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dtmapConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/dtmapConfig.cmake ${CMAKE_CURRENT_LIST_DIR}/FindCSV.cmake
    ${PROJECT_BINARY_DIR}/dtmapConfigVersion.cmake DESTINATION ${DTMAP_CMAKE_DIR})

# pkg-config: with relative install folders the prefix is found from ${pcfiledir}, so that
# `cmake --install --prefix P` and a moved tree both work; absolute folders are kept as given.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(DTMAP_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
    set(DTMAP_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
    file(RELATIVE_PATH dtmap_pc_up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
    string(REGEX REPLACE "/$" "" dtmap_pc_up "${dtmap_pc_up}")
    set(DTMAP_PC_PREFIX "\${pcfiledir}/${dtmap_pc_up}")
    unset(dtmap_pc_up)
    set(DTMAP_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(DTMAP_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(DTMAP_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/dtmap.pc.in ${PROJECT_BINARY_DIR}/dtmap.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dtmap.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
