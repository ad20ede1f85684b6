import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/http.js';
import { CatalogueService } from './catalogue.service.js';
import { CatalogueItem, CataloguePage, CatalogueQuery } from './dto/catalogue.dto.js';

@ApiTags('activities')
@Controller('activities')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ operationId: 'listActivities', summary: 'The catalogue (R1): offerings by category, age or text, 20 a page, with their remaining places' })
  @ApiOkResponse({ type: CataloguePage, description: 'A page of offerings, by start date, activity and code' })
  @ApiProblems([400, 'validation_failed: invalid_type, invalid_value, too_long, characters_invalid'])
  list(@Query() query: CatalogueQuery): Promise<CataloguePage> {
    return this.catalogue.list(query);
  }

  @Get(':code')
  @ApiOperation({ operationId: 'getActivity', summary: 'One offering of the catalogue by its code' })
  @ApiParam({ name: 'code', example: 'NAT-ETOILE-SAM9', description: 'The offering’s code (any case)' })
  @ApiOkResponse({ type: CatalogueItem, description: 'The offering with its remaining places' })
  @ApiProblems([400, 'bad_request (an unreadable %-escape in the path)'], [404, 'offering_not_found'])
  get(@Param('code') code: string): Promise<CatalogueItem> {
    return this.catalogue.get(code);
  }
}
