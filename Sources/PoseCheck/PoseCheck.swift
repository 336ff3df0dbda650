// Umbrella module: one import for library users.
@_exported import PoseFormats
@_exported import PoseGeometry
@_exported import PoseGrading
@_exported import PoseModel
@_exported import PoseReports
@_exported import PoseScanning
