import { Module } from '@nestjs/common';

/** The catalogue (SPEC R1–R2): activities and offerings, their import, `GET /activities`. */
@Module({})
export class ActivitiesModule {}
