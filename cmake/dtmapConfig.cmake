# dtmapConfig.cmake: the CMake package of an installed libdtmap. find_package(dtmap) defines the
# imported target dtmap::dtmap (the static library, its include folder and everything it links:
# GDAL::GDAL, PROJ::proj, CSV::CSV, Threads::Threads, libm and PkgConfig::PLPLOT).
include(CMakeFindDependencyMacro)
find_dependency(GDAL CONFIG)
find_dependency(PROJ CONFIG)
find_dependency(Threads)

# libcsv ships no CMake or pkg-config files: the FindCSV.cmake installed beside this file finds
# it (CSV::CSV), taking precedence over any other FindCSV for this one call.
list(PREPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")
find_package(CSV QUIET)
list(POP_FRONT CMAKE_MODULE_PATH)
if(NOT CSV_FOUND)
    set(dtmap_FOUND FALSE)
    set(dtmap_NOT_FOUND_MESSAGE "dtmap needs libcsv (csv.h and libcsv)")
    return()
endif()

# PLplot is found through pkg-config, as in dtmap's own build (linked only, not in the API).
find_dependency(PkgConfig)
if(NOT TARGET PkgConfig::PLPLOT)
    pkg_check_modules(PLPLOT QUIET IMPORTED_TARGET plplot)
    if(NOT PLPLOT_FOUND)
        set(dtmap_FOUND FALSE)
        set(dtmap_NOT_FOUND_MESSAGE "dtmap needs PLplot (pkg-config module plplot)")
        return()
    endif()
endif()

include("${CMAKE_CURRENT_LIST_DIR}/dtmapTargets.cmake")
