/** Charts (Observable Plot, pure functions of data + document) and their data-table alternatives. */
export { historyChart, type HistorySeries, type HistoryKind, type HistoryMetric, type HistoryLabels, type HistoryOptions } from './history';
export { batchesChart, downsampleBatches, MAX_BATCH_POINTS, type BatchLabels, type BatchOptions, type BatchPoint } from './batches';
export { compareChart, type CompareRow, type CompareSource, type CompareMetric, type CompareLabels, type CompareOptions } from './compare';
export { confusionChart, type ConfusionLabels, type ConfusionOptions } from './confusion';
export { perClassChart, type PerClassSeries, type PerClassLabels, type PerClassOptions } from './perClass';
export { histogramChart, binPixels, type PixelBins, type HistogramLabels, type HistogramOptions } from './histogram';
export { digitImage, digitPaths, digitSvgString, type DigitOptions, type DigitPath } from './digit';
export {
  experimentChart, experimentTable, shiftChart, shiftTable, sizeChart, sizeTable, SHIFT_DIRECTIONS,
  type ExperimentRow, type ExperimentSource, type ExperimentLabels, type ExperimentChartOptions, type AccuracyMeasure,
  type ShiftPoint, type ShiftDirection, type ShiftLabels, type ShiftChartOptions,
  type SizePoint, type SizeSource, type SizeLabels, type SizeChartOptions,
} from './experiment';
export {
  mapGrid, divergingLegend, lstmProbabilitiesChart, lstmHiddenChart, lstmGatesChart, lstmProbabilitiesTable, lstmGatesTable, checkMapStack, checkLstmTrace,
  DIVERGING_COLORS, type MapGridOptions, type LstmChartOptions, type LstmProbabilitiesLabels, type LstmHiddenLabels, type LstmGatesLabels,
} from './inside';
export { historyTable, batchesTable, compareTable, confusionTable, perClassTable, histogramTable, type DataTable } from './tables';
export { ChartInputError } from './validate';
export { MODEL_COLORS, type ChartModel } from './palette';
export type { ChartLabels, ChartLabelKey } from './labels';
export type { ChartElement, ChartContext } from './frame';
