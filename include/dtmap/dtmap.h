/* dtmap.h: the whole public API of libdtmap in one include; each header below also stands alone.
 * The installed test (tests/build/install.sh) checks that every header in include/dtmap/ is
 * listed here. */
#ifndef DTMAP_DTMAP_H
#define DTMAP_DTMAP_H

#include "dtmap/version.h"
#include "dtmap/status.h"
#include "dtmap/sample.h"
#include "dtmap/fileio.h"
#include "dtmap/profile.h"
#include "dtmap/publish.h"
#include "dtmap/ingest.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"
#include "dtmap/areas.h"
#include "dtmap/interp.h"
#include "dtmap/raster.h"
#include "dtmap/gaps.h"
#include "dtmap/tilegaps.h"
#include "dtmap/style.h"
#include "dtmap/cog.h"
#include "dtmap/cellkind.h"
#include "dtmap/tiled.h"
#include "dtmap/kpi.h"
#include "dtmap/areagaps.h"
#include "dtmap/plot.h"
#include "dtmap/report.h"
#include "dtmap/run.h"

#endif
