// QCustomPlot, included with Qt's keywords mapped: its header uses signals/slots/emit/foreach, which
// vethlab turns off (QT_NO_KEYWORDS) because model code uses those words.
#pragma once

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
