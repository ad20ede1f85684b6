import { ApiProperty } from '@nestjs/swagger';

export class WaitingRoomResponse {
  @ApiProperty({
    enum: ['waiting', 'admitted', 'not_needed'],
    description: '`waiting`: the household waits for its turn (holds on offerings that open at `opensAt` answer 403 `waiting_room`); `admitted`: it may hold seats; `not_needed`: no opening is near (no room)',
  })
  status: 'waiting' | 'admitted' | 'not_needed';

  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: "The household's place in the draw, 1 first; null before the draw (at the opening) and when not needed" })
  position: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 250, description: 'Seconds until the household is admitted, estimated (before the draw: until the opening, then half the queue present); 0 once admitted' })
  estimatedWaitSeconds: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-01-12T19:00:00.000-05:00', description: "The opening time this room is for (the household's: residents' or non-residents')" })
  opensAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2027-01-12T19:20:04.100-05:00',
    description: "The end of the household's admission window (ADMISSION_MINUTES after its turn); null before the draw",
  })
  admittedUntil: string | null;
}
